from django.urls import path

from . import views

app_name = "second_factor"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("code/", views.verify, name="verify"),
    path("set-up/", views.enrol, name="enrol"),
    path("recovery-codes/", views.renew_recovery_codes, name="recovery_codes"),
    path("remove/", views.remove, name="remove"),
    path("reset/<int:user_id>/", views.reset, name="reset"),
]
