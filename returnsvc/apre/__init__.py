"""APRE: Spain's capitalised unemployment benefit for voluntary return, followed per case."""
