"""The service directory (涉企服务事项指导目录): "one-thing" bundles, request kinds, service items.

Items carry responsible departments, legal basis, materials and time limits; tickets cite them.
"""
