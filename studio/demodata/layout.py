"""The aligned 64x64 frame shared by the face painter and the face measurer.

Like cropped face datasets, faces are aligned on the eyes: the eye centres sit on ``EYE_ROW``
and the face is centred on ``CENTRE_X`` (within a few pixels of pose shift).
"""

SIZE = 64
EYE_ROW = 26.0
CENTRE_X = 32.0
