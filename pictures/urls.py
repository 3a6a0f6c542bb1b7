"""The pictures app's addresses, under each language's prefix (etablering/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("bilder/", views.pictures_mode, name="pictures_mode"),
    path("bilder/<int:number>/", views.pictures_step, name="pictures_step"),
    path("bilder/<int:number>/kort/", views.pictures_card, name="pictures_card"),
]
urlpatterns += [
    path("ord/", views.glossary_index, name="glossary_index"),
    path("ord/<slug:slug>/", views.glossary_term, name="glossary_term"),
]
urlpatterns += [path("forstod/", views.understanding, name="understanding")]
