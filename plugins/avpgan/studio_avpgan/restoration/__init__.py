"""The image enhancement module (shared/specs/avpgan.md §2.7): GFP-GAN's design in its published "clean" layout."""
