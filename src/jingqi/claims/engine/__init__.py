"""The false-claim model's engine: pure Python and numpy, no database.

reading → texts / images → linking → rules → scoring → report; ``generator`` makes synthetic data.
"""
