"""Safety inspections and hazards: cadence rules and the quarter's plan, joint visits within each enterprise's
disturbance budget (综合查一次, 不叫不扰), versioned checklists, and hazards tracked to closure (跟踪销号)."""
