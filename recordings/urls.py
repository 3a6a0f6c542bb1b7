from django.urls import path

from . import views

app_name = "recordings"
urlpatterns = [
    path("", views.index, name="index"),
    path("language/<str:language_code>/", views.language_items, name="language"),
    path("item/<int:content_type_id>/<int:object_id>/<str:name>/", views.item_view, name="item"),
    path("recording/<int:recording_id>/review/", views.review_view, name="review"),
    path("recording/<int:recording_id>/<str:kind>/", views.listen, name="listen"),
]
