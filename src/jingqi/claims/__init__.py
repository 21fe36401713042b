"""The false-claim supervision model (消费领域虚假维权监督模型): complaints in, explained clues out.

The engine (reading, linking, rules, scoring, reports) runs on its own from the command line.
"""
