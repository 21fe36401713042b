"""Staff accounts: who signs in, their role, and the station/office/department/enterprise that scopes them.

Owns the user model and sign-in (throttling, session limits); scoping rules live with each model.
"""
