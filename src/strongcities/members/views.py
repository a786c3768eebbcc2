from django.shortcuts import get_object_or_404, render

from strongcities.members.models import City


def directory(request):
    cities = City.objects.listed().select_related("region")
    return render(request, "members/directory.html", {"cities": cities})


def city(request, slug):
    city = get_object_or_404(City.objects.listed(), slug=slug)
    return render(request, "members/city.html", {"city": city})


def world_map(request):
    return directory(request)


def map_data(request):
    from django.http import JsonResponse

    return JsonResponse({"cities": []})
