"""Compare: claims, agreement and conflict between sources."""
