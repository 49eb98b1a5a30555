"""Sound2Vision (Sung-Bin et al.): sound-to-scene generation for Persona Studio."""
