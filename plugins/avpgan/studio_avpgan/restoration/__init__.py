"""The image enhancement module (spec 2.7): GFP-GAN's design in its published "clean" layout."""
