"""Cross-cutting machinery: scoping, audit chain, personal-data protection, errors, API helpers.

Owns the audit log; every other app builds on it and it imports none of them.
"""
