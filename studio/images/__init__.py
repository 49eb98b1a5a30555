"""Preparing a user's picture for a generator's image input, without Qt: a bounded-size upright
working copy (:mod:`.picture`), face detection with OpenCV's bundled cascades (:mod:`.faces`),
the crop rectangle locked to the slot's aspect (:mod:`.crop`), the proposed crop
(:mod:`.proposal`) and the cropped input image (:mod:`.render`)."""
