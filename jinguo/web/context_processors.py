def navigation(request):  # type: ignore[no-untyped-def]
    from jinguo.web.menu import menu_for

    return {"menu": menu_for(request)}
