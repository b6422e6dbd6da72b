"""Checking the registry's statements: SymPy at symbolic and explicit sizes, and the certificate.

Every check returns a typed record; the certificate and the documents are built from them.
"""
