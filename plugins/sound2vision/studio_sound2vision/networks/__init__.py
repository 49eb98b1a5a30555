"""The three networks of Sound2Vision in their official checkpoint layouts."""
