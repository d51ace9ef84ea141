from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "community.feeds"
    label = "feeds"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from community.core.landing import LandingSection, register_landing_section
        from community.feeds import selectors

        register_landing_section(
            LandingSection(
                key="articles",
                heading=_("Latest articles"),
                item_template="feeds/_landing_article.html",
                more_url="feeds:articles",
                more_label=_("All articles"),
                items=lambda request, size: selectors.latest_articles(
                    viewer=request.user, size=size
                ),
                order=30,
                list_class="list-divided card",
            )
        )
