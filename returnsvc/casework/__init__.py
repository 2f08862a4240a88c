"""Day-to-day casework on a case: notes, appointments and tasks."""
