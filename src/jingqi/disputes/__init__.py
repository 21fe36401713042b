"""Dispute mediation (矛盾纠纷调解): intake, group-dispute rapid response, mediation sessions, agreements
with instalments and payments, transfer, follow-up visits, and the honest success figures."""
