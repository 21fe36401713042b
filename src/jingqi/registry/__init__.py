"""The registry: stations, parks, offices, departments and their stationing, enterprises, contacts, people.

Also each enterprise's team (一企一团队), strategy (一企一策略) and the log of liaison visits (走访).
"""
