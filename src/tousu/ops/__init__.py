"""Operations commands; no models."""
