"""check-formula: read a formula as people write it and judge it against the registry."""
