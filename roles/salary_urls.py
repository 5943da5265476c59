from django.urls import path

from . import salary_views

app_name = "salaries"

urlpatterns = [
    path("", salary_views.salary_explorer, name="explorer"),
]
