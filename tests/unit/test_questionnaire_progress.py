"""The questionnaire's progress line: "Question N of about M", and where Back goes."""

from __future__ import annotations

from matcher.session import Progress, Questionnaire


def test_the_first_screen_is_number_one_with_no_way_back():
    assert Questionnaire().progress("diagnosis", remaining=9) == Progress(1, 9, None)


def test_a_new_screen_comes_after_every_step_asked():
    questionnaire = Questionnaire(asked=["diagnosis", "disease_status", "age"])
    progress = questionnaire.progress("ecog", remaining=5)
    assert progress == Progress(number=4, total=8, previous="age")
    assert progress.left == 5


def test_going_back_keeps_a_screens_number_and_its_own_previous_step():
    questionnaire = Questionnaire(asked=["diagnosis", "disease_status", "age"])
    assert questionnaire.progress("diagnosis", remaining=5) == Progress(1, 8, None)
    assert questionnaire.progress("disease_status", remaining=5) == Progress(2, 8, "diagnosis")


def test_the_total_never_falls_below_the_screen_shown():
    # The plan may think nothing is left while a screen is still on show.
    questionnaire = Questionnaire(asked=["diagnosis", "age"])
    progress = questionnaire.progress("ecog", remaining=0)
    assert progress == Progress(number=3, total=3, previous="age")
    assert progress.left == 1
