"""The demo site: content, accounts, synonym groups and bids built by `manage.py load_demo`.

It sits at the top of the layer order, so it may read every app and no app reads it.
"""
