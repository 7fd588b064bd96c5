from jinguo.core.chinese import name_initials, name_pinyin, normalize_name


def test_padded_names_are_one_person():
    assert normalize_name("林  晖") == "林晖"
    assert normalize_name("李\u3000曙") == "李曙"


def test_pinyin_and_initials():
    assert name_pinyin("梁玉华") == "liangyuhua"
    assert name_initials("梁玉华") == "lyh"
    assert name_pinyin("吕丽") == "lvli"
