"""The expert's side: assignments (invitations and seats)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ..selectors import assignments_of, expert_of


@login_required
def assignments(request):
    expert = expert_of(request.user)
    if expert is None:
        raise Http404
    return render(
        request,
        "selection/assignments.html",
        {"expert": expert, "assignments": assignments_of(expert)},
    )
