"""The AVP-GAN recipe: the GAN stage of Algorithm 1 with a frozen speaker-recognition voice
encoder, then the restoration network's fine-tuning with GFP-GAN's losses (Eqs. 7-11)."""
