"""Mutation testing in slices (``make mutation``): each group of modules against its tests."""
