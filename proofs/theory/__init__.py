"""The mathematics as data: expressions, their meaning at explicit sizes, the theorem registry.

Nothing here checks or prints anything; every checker and renderer reads these objects.
"""
