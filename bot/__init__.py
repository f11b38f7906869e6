"""The Rasa adapters: NLU components, custom actions and stores over the plain-Python hotline core."""
