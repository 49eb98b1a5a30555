"""The training recipe of Wen et al. 2019: speaker-classifier pre-training of the voice
embedding, then the GAN of Algorithm 1 with the embedding frozen."""
