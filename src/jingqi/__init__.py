"""Jingqi (警企通): the platform a police station runs for its enterprise communities and parks."""

__version__ = "0.1.0"
