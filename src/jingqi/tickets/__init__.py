"""Enterprise requests (诉求): intake, the "whistle" to departments, working-day deadlines,
escalation, closure with an honest outcome, rating and reopening; the timeline of every event.
"""
