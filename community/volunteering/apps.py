from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "community.volunteering"
    label = "volunteering"
