from assessments.common.sorting import natural_key


def test_numbers_sort_by_value_and_letters_without_case():
    names = ["respondent10", "Respondent2", "respondent1", "b", "A", "respondent11", "persoon 3"]

    assert sorted(names, key=natural_key) == [
        "A",
        "b",
        "persoon 3",
        "respondent1",
        "Respondent2",
        "respondent10",
        "respondent11",
    ]
