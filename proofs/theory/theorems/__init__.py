"""One module per theorem; :mod:`proofs.theory.registry` lists them."""
