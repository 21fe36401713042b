import pytest

from jingqi.core.testing.leaks import assert_not_shown, shown


def test_the_last_four_digits_are_found_where_a_mask_shows_them():
    assert shown("8515", "1101**********8515")
    assert shown("5678", "139****5678")
    assert shown("8515", "尾号8515")


def test_the_same_digits_inside_a_timestamp_or_a_longer_number_are_not_a_leak():
    assert not shown("8515", '"at":"2026-12-07T01:00:07.878515+08:00"')
    assert not shown("8515", '{"id":185150}')


def test_text_secrets_are_found_anywhere():
    assert shown("王建国", "当事人王建国。")
    with pytest.raises(AssertionError, match="内部"):
        assert_not_shown("内部备注", "王建国", "内部")
