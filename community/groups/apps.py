from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "community.groups"
    label = "groups"
