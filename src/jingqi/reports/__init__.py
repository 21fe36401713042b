"""Half-yearly risk reports (风险研判报告) per enterprise and per park, computed from the records of every app:
the figures, the comparisons with the park and the previous half-year, and the recommendations they trigger."""
