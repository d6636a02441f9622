"""Django glue for :mod:`tousu.privacy`: keys from settings, encrypted model fields,
and who may see personal data unmasked."""
