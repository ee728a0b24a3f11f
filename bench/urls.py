from django.urls import path

from bench import views

app_name = "bench"

urlpatterns = [
    path("hello/", views.hello, name="hello"),
    path("write/", views.write, name="write"),
]
