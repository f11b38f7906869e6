from hotline.intake.category import CategoryClassifier, default_classifier, load_examples
from hotline.workorders.taxonomy import taxonomy


def test_every_example_has_a_taxonomy_category_and_every_level1_is_covered():
    pairs = load_examples()
    assert len(pairs) > 2000
    assert {p.split("/")[0] for _, p in pairs} == set(taxonomy().level1)


def test_predictions_are_ranked_taxonomy_leaves():
    guesses = default_classifier().predict("暖气片一直不热，已经报修两次了", k=3)
    assert len(guesses) == 3 and len({g.category.level1 for g in guesses}) == 3
    assert all(g.path in taxonomy() for g in guesses)
    assert guesses[0].confidence >= guesses[1].confidence >= guesses[2].confidence
    assert guesses[0].category.level1 == "城乡建设"


def test_training_learns_from_the_examples_given():
    # a model trained only on the taxonomy names and two examples still follows those examples
    model = CategoryClassifier.train([("快递柜超时收费", "交通运输/邮政管理/其他"),
                                      ("养老金没到账", "劳动和社会保障/退休政策及待遇/其他")])
    assert model.best("快递柜超时了就收钱").category.level1 == "交通运输"


def test_leaf_for_a_chosen_level1():
    leaf = default_classifier().leaf_for("公交车到站不停", "交通运输")
    assert leaf.level1 == "交通运输"
