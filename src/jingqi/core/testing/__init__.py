"""Test support shared by every app: factories, the fixed cast of personas, the authorization matrix."""
