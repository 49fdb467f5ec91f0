"""`autograd_core.nn`: every layer's output and gradients against torch.nn with the same
weights, Module bookkeeping, save/load, and the errors a user meets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, assert_type

import numpy as np
import pytest

import autograd_core.functions as F
from autograd_core import Input, Variable, nn

Array = np.ndarray[Any, Any]


def needs(*names: str) -> pytest.MarkDecorator:
    missing = [n for n in names if n not in F.registry]
    return pytest.mark.skipif(
        bool(missing),
        reason=f"the registered function(s) {', '.join(missing)} are not installed yet "
        "(the function-library issue adds them)",
    )


def grads_of(*variables: Variable) -> list[Array]:
    out = []
    for v in variables:
        assert v.grad is not None
        out.append(v.grad.data)
    return out


def backward_with(y: Variable, seed: int = 5) -> Array:
    """Backpropagate a random cotangent (so every output element matters); return it."""
    cot = np.random.default_rng(seed).standard_normal(y.shape)
    y.backward(cot)
    return cot


def torch_layer_check(
    ours: Callable[[Variable], Variable],
    theirs: Any,
    x: Array,
    pairs: list[tuple[nn.Parameter, Any, bool]],
) -> None:
    """Same input, same weights: equal outputs, input gradients and parameter gradients.

    `pairs` lists (our parameter, torch's parameter, transposed?) with torch's weights
    copied from ours beforehand by the caller.
    """
    torch = pytest.importorskip("torch")
    xv = Variable(x.copy())
    y = ours(xv)
    cot = backward_with(y)
    tx = torch.tensor(x, requires_grad=True)
    ty = theirs(tx)
    ty.backward(torch.tensor(cot))
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert xv.grad is not None
    np.testing.assert_allclose(xv.grad.data, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    for p, tp, transposed in pairs:
        assert p.grad is not None, p.name
        expected = tp.grad.numpy()
        np.testing.assert_allclose(p.grad.data, expected.T if transposed else expected, 1e-10)


def to_torch(a: Array) -> Any:
    torch = pytest.importorskip("torch")
    return torch.nn.Parameter(torch.tensor(a))


# -- Linear ----------------------------------------------------------------------------------


def test_linear_equals_torch_linear_with_the_same_weights() -> None:
    torch = pytest.importorskip("torch")
    layer = nn.Linear(4, 3, seed=0)
    ref = torch.nn.Linear(4, 3).double()
    ref.weight, ref.bias = to_torch(layer.W.data.T.copy()), to_torch(layer.b.data)  # type: ignore[union-attr]  # b exists
    x = np.random.default_rng(1).standard_normal((5, 4))
    b = layer.b
    assert b is not None
    torch_layer_check(layer, ref, x, [(layer.W, ref.weight, True), (b, ref.bias, False)])


def test_linear_is_initialised_as_torch_within_one_over_sqrt_in() -> None:
    layer = nn.Linear(400, 300, seed=0)
    b = layer.b
    assert b is not None
    bound = 1 / np.sqrt(400)
    for p in (layer.W.data, b.data):
        assert p.min() >= -bound and p.max() <= bound
    # uniform(-a, a) has mean 0 and standard deviation a / sqrt(3)
    assert layer.W.data.std() == pytest.approx(bound / np.sqrt(3), rel=0.01)
    assert abs(layer.W.data.mean()) < 0.01 * bound
    assert layer.W.shape == (400, 300) and b.shape == (300,)


def test_linear_draws_from_the_given_generator_or_seed() -> None:
    a, b = nn.Linear(3, 2, seed=7), nn.Linear(3, 2, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.W.data, b.W.data)
    assert not np.array_equal(a.W.data, nn.Linear(3, 2, seed=8).W.data)
    with pytest.raises(TypeError, match="rng= or seed="):
        nn.Linear(3, 2, rng=np.random.default_rng(), seed=1)


def test_linear_without_bias_has_only_w() -> None:
    layer = nn.Linear(3, 2, bias=False, seed=0)
    assert [n for n, _ in layer.named_params()] == ["W"]
    x = np.ones((1, 3))
    np.testing.assert_allclose(layer(x).data, x @ layer.W.data)


def test_linear_infers_in_size_on_the_first_call_keeping_the_same_parameter_object() -> None:
    layer = nn.Linear(None, 2, seed=0)
    w = layer.W
    opt_params = layer.params()  # an optimizer made before the first call still holds W
    assert w in opt_params
    x = np.random.default_rng(0).standard_normal((4, 5))
    y = layer(x)
    assert layer.in_size == 5 and layer.W is w and w.shape == (5, 2)
    np.testing.assert_allclose(y.data, x @ w.data + layer.b.data)  # type: ignore[union-attr]  # has b
    with pytest.raises(ValueError, match="width 3"):
        layer(np.ones((4, 3)))


def test_a_wrong_input_width_names_the_layer_and_both_sizes() -> None:
    model = nn.Sequential(nn.Linear(4, 3, seed=0), nn.ReLU(), nn.Linear(3, 2, seed=0))
    w = model[0].W.data if isinstance(model[0], nn.Linear) else None
    with pytest.raises(ValueError) as info:
        model(np.ones((2, 5)))
    message = str(info.value)
    assert "Linear(in_size=4, out_size=3" in message
    assert "width 5" in message and "in_size=4" in message and "(2, 5)" in message
    assert isinstance(model[0], nn.Linear) and model[0].W.data is w  # nothing changed


# -- Module bookkeeping ----------------------------------------------------------------------


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.hidden = nn.Linear(2, 4, seed=0)
        self.scale = nn.Parameter(np.array(2.0))
        self.out = nn.Linear(4, 3, seed=1)

    def forward(self, x: Input) -> Variable:
        return self.out(F.relu(self.hidden(x))) * self.scale


def test_parameters_and_modules_are_collected_in_assignment_order_with_dotted_names() -> None:
    net = Net()
    names = [n for n, _ in net.named_params()]
    assert names == ["hidden.W", "hidden.b", "scale", "out.W", "out.b"]
    assert net.params() == [p for _, p in net.named_params()]
    assert [n for n, _ in net.named_modules()] == ["", "hidden", "out"]


def test_reassigning_an_attribute_replaces_or_removes_it() -> None:
    net = Net()
    net.scale = nn.Parameter(np.array(3.0))  # same slot, new object
    assert dict(net.named_params())["scale"].data == 3.0
    net.out = None  # type: ignore[assignment]  # dropping a sub-module
    assert [n for n, _ in net.named_params()] == ["hidden.W", "hidden.b", "scale"]


def test_a_shared_parameter_is_listed_once() -> None:
    a = nn.Linear(3, 3, seed=0)
    model = nn.Sequential(a, nn.Tanh(), a)
    assert [n for n, _ in model.named_params()] == ["0.W", "0.b"]


def test_forgetting_super_init_is_named() -> None:
    class Broken(nn.Module):
        def __init__(self) -> None:
            self.layer = nn.Linear(2, 2)

    with pytest.raises(AttributeError, match=r"Broken.__init__ must call super\(\).__init__\(\)"):
        Broken()


def test_cleargrads_train_and_eval_reach_every_sub_module() -> None:
    net = Net()
    net(np.ones((1, 2))).backward(np.ones((1, 3)))
    assert all(p.grad is not None for p in net.params())
    net.cleargrads()
    assert all(p.grad is None for p in net.params())
    net.eval()
    assert [m.training for _, m in net.named_modules()] == [False, False, False]
    net.train()
    assert all(m.training for _, m in net.named_modules())


def test_a_module_gives_gradients_equal_to_a_hand_derivation() -> None:
    net = Net()
    x = np.random.default_rng(3).standard_normal((5, 2))
    y = net(x)
    cot = backward_with(y)
    w1, b1, s, w2, b2 = (p.data for p in net.params())
    h_pre = x @ w1 + b1
    h = np.maximum(h_pre, 0)
    out = h @ w2 + b2
    np.testing.assert_allclose(y.data, out * s)
    g_out = cot * s
    g_h = (g_out @ w2.T) * (h_pre > 0)
    expected = [x.T @ g_h, g_h.sum(0), (cot * out).sum(), h.T @ g_out, g_out.sum(0)]
    for (name, p), e in zip(net.named_params(), expected, strict=True):
        assert p.grad is not None
        np.testing.assert_allclose(p.grad.data, e, rtol=1e-12, err_msg=name)


def test_module_call_is_typed_by_forward() -> None:
    net = Net()
    assert_type(net(np.ones((1, 2))), Variable)
    assert_type(nn.Linear(2, 2)(np.ones(2)), Variable)
    assert_type(nn.MLP([2, 3])(Variable(np.ones((1, 2)))), Variable)
    assert_type(nn.Sequential(nn.Linear(2, 2))(np.ones(2)), Variable)
    assert_type(nn.ReLU()(np.ones(2)), Variable)
    assert_type(net.params(), list[nn.Parameter])


# -- save / load -----------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "net.npz"
    net = Net()
    net.save(path)
    with np.load(path) as file:
        assert sorted(file.files) == sorted(n for n, _ in net.named_params())
        for name, p in net.named_params():
            np.testing.assert_array_equal(file[name], p.data)
    other = Net()
    for p in other.params():
        p.data = p.data + 1.0
    other.load(path)
    for (name, p), (_, q) in zip(net.named_params(), other.named_params(), strict=True):
        np.testing.assert_array_equal(p.data, q.data, err_msg=name)
    x = np.ones((2, 2))
    np.testing.assert_array_equal(net(x).data, other(x).data)


def test_save_writes_the_path_it_is_given(tmp_path: Path) -> None:
    net = Net()
    net.save(tmp_path / "weights")  # np.savez alone would write weights.npz
    other = Net()
    other.load(tmp_path / "weights")
    np.testing.assert_array_equal(other.out.W.data, net.out.W.data)


def test_load_refuses_a_mismatched_file_naming_each_mismatch_and_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.npz"
    net = Net()
    arrays: dict[str, Any] = {n: p.data for n, p in net.named_params()}
    del arrays["out.b"]  # missing
    arrays["hidden.W"] = np.ones((3, 4))  # mis-shaped
    arrays["extra.W"] = np.ones(2)  # unexpected
    np.savez(path, **arrays)
    target = Net()
    for p in target.params():
        p.data = p.data * 0.0 + 5.0
    before = [p.data for p in target.params()]
    with pytest.raises(ValueError) as info:
        target.load(path)
    message = str(info.value)
    assert "Net.load" in message and "nothing was loaded" in message
    assert "missing 'out.b'" in message
    assert "unexpected 'extra.W'" in message
    assert "'hidden.W' has shape (3, 4) in the file, (2, 4) here" in message
    for p, b in zip(target.params(), before, strict=True):
        assert p.data is b  # not even replaced by an equal array


def test_a_lazy_linear_learns_its_size_from_the_file(tmp_path: Path) -> None:
    trained = nn.Sequential(nn.Linear(6, 2, seed=0))
    trained.save(tmp_path / "w.npz")
    fresh = nn.Sequential(nn.Linear(None, 2))
    fresh.load(tmp_path / "w.npz")
    x = np.ones((1, 6))
    np.testing.assert_array_equal(fresh(x).data, trained(x).data)
    with pytest.raises(ValueError, match="not initialised yet"):
        nn.Linear(None, 2).save(tmp_path / "lazy.npz")


# -- Sequential, MLP and activations ---------------------------------------------------------


def test_mlp_equals_torch_sequential_with_the_same_weights() -> None:
    torch = pytest.importorskip("torch")
    model = nn.MLP([3, 5, 4, 2], activation=nn.Tanh, seed=0)
    assert [type(m).__name__ for m in model] == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    assert [n for n, _ in model.named_params()] == ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b"]
    ref = torch.nn.Sequential(
        torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4), torch.nn.Tanh(),
        torch.nn.Linear(4, 2),
    ).double()  # fmt: skip
    pairs = []
    for k in (0, 2, 4):
        layer = model[k]
        assert isinstance(layer, nn.Linear) and layer.b is not None
        ref[k].weight, ref[k].bias = to_torch(layer.W.data.T.copy()), to_torch(layer.b.data)
        pairs += [(layer.W, ref[k].weight, True), (layer.b, ref[k].bias, False)]
    x = np.random.default_rng(2).standard_normal((6, 3))
    torch_layer_check(model, ref, x, pairs)


def test_mlp_and_sequential_reject_bad_arguments() -> None:
    with pytest.raises(ValueError, match="MLP: sizes must be"):
        nn.MLP([3])
    with pytest.raises(ValueError, match="only the first may be None"):
        nn.MLP([3, None, 2])
    with pytest.raises(TypeError, match=r"Sequential: layer 1 must be an nn.Module, got function"):
        nn.Sequential(nn.Linear(2, 2), F.relu)  # type: ignore[arg-type]  # the mistake tested


ACTIVATIONS: list[tuple[Callable[[Variable], Variable], str, str, dict[str, float]]] = [
    (nn.ReLU(), "relu", "ReLU", {}),
    (nn.Tanh(), "tanh", "Tanh", {}),
    (nn.Sigmoid(), "sigmoid", "Sigmoid", {}),
    (nn.GELU(), "gelu", "GELU", {}),
    (nn.LeakyReLU(0.2), "leaky_relu", "LeakyReLU", {"negative_slope": 0.2}),
    (nn.ELU(0.7), "elu", "ELU", {"alpha": 0.7}),
    (nn.Softplus(2.0), "softplus", "Softplus", {"beta": 2.0}),
]


@pytest.mark.parametrize(("ours", "function", "torch_name", "kwargs"), ACTIVATIONS,
                         ids=[a[1] for a in ACTIVATIONS])  # fmt: skip
def test_activation_modules_equal_torch(
    ours: Callable[[Variable], Variable], function: str, torch_name: str, kwargs: dict[str, float]
) -> None:
    if function not in F.registry:
        pytest.skip(f"F.{function} is not registered yet (the function-library issue adds it)")
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((3, 4))
    torch_layer_check(ours, getattr(torch.nn, torch_name)(**kwargs), x, [])


# -- layers over functions of the function-library issue ------------------------------------


@needs("dropout")
def test_dropout_draws_a_fresh_mask_each_call_and_is_the_identity_in_eval() -> None:
    layer = nn.Dropout(0.5, seed=0)
    x = np.ones((200, 50))
    a, b = layer(x).data, layer(x).data
    assert set(np.unique(a)) <= {0.0, 2.0}  # inverted dropout: kept elements scaled by 2
    assert not np.array_equal(a, b)
    assert (a == 0).mean() == pytest.approx(0.5, abs=0.02)
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x)
    xv = Variable(x)
    y = nn.Sequential(layer)(xv)
    y.backward(np.ones_like(x))
    assert xv.grad is not None
    np.testing.assert_array_equal(xv.grad.data, np.ones_like(x))


def test_embedding_is_initialised_standard_normal_as_torch() -> None:
    w = nn.Embedding(500, 40, seed=0).W.data
    assert w.shape == (500, 40)
    assert w.mean() == pytest.approx(0.0, abs=0.02) and w.std() == pytest.approx(1.0, rel=0.02)


def test_dropout_ratio_is_checked() -> None:
    with pytest.raises(ValueError, match=r"Dropout: ratio must be in \[0, 1\), got 1.0"):
        nn.Dropout(1.0)


@needs("conv2d")
def test_conv2d_equals_torch_conv2d() -> None:
    torch = pytest.importorskip("torch")
    layer = nn.Conv2d(2, 3, 3, stride=2, pad=1, seed=0)
    ref = torch.nn.Conv2d(2, 3, 3, stride=2, padding=1).double()
    b = layer.b
    assert b is not None
    ref.weight, ref.bias = to_torch(layer.W.data), to_torch(b.data)
    bound = 1 / np.sqrt(2 * 3 * 3)
    assert np.abs(layer.W.data).max() <= bound and layer.W.shape == (3, 2, 3, 3)
    x = np.random.default_rng(1).standard_normal((2, 2, 7, 6))
    torch_layer_check(layer, ref, x, [(layer.W, ref.weight, False), (b, ref.bias, False)])


@needs("batch_norm", "reshape")
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5, 2)])
def test_batch_norm_equals_torch_in_training_and_eval_with_running_statistics(
    shape: tuple[int, ...],
) -> None:
    torch = pytest.importorskip("torch")
    layer = nn.BatchNorm(3, momentum=0.2)
    ref = (torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d)(3, momentum=0.2)
    ref = ref.double()
    rng = np.random.default_rng(0)
    layer.gamma.data, layer.beta.data = rng.standard_normal(3), rng.standard_normal(3)
    ref.weight, ref.bias = to_torch(layer.gamma.data), to_torch(layer.beta.data)
    for _ in range(3):  # three training batches move the running statistics
        layer.cleargrads()
        ref.zero_grad()
        x = rng.standard_normal(shape) * 2 + 1
        torch_layer_check(
            layer, ref, x, [(layer.gamma, ref.weight, False), (layer.beta, ref.bias, False)]
        )
    np.testing.assert_allclose(layer.running_mean, ref.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.running_var, ref.running_var.numpy(), rtol=1e-12)
    layer.eval()
    ref.eval()
    layer.cleargrads()
    ref.zero_grad()
    x = rng.standard_normal(shape)
    pairs = [(layer.gamma, ref.weight, False), (layer.beta, ref.bias, False)]
    torch_layer_check(layer, ref, x, pairs)
    np.testing.assert_array_equal(layer(x).data, layer(Variable(x)).data)  # an ndarray works too


def test_batch_norm_running_statistics_are_saved_and_loaded(tmp_path: Path) -> None:
    layer = nn.BatchNorm(2)
    layer.running_mean = np.array([1.0, 2.0])
    layer.running_var = np.array([3.0, 4.0])
    layer.save(tmp_path / "bn.npz")
    with np.load(tmp_path / "bn.npz") as file:
        assert sorted(file.files) == ["beta", "gamma", "running_mean", "running_var"]
    fresh = nn.BatchNorm(2)
    fresh.load(tmp_path / "bn.npz")
    np.testing.assert_array_equal(fresh.running_mean, [1.0, 2.0])
    np.testing.assert_array_equal(fresh.running_var, [3.0, 4.0])
    with pytest.raises(ValueError, match=r"'running_mean' has shape \(2,\) in the file, \(5,\)"):
        nn.BatchNorm(5).load(tmp_path / "bn.npz")


def test_batch_norm_names_a_wrong_feature_count() -> None:
    with pytest.raises(ValueError, match=r"BatchNorm\(3.*shape \(4, 2\) must have 3 features"):
        nn.BatchNorm(3)(np.ones((4, 2)))


@needs("layer_norm")
def test_layer_norm_equals_torch_layer_norm() -> None:
    torch = pytest.importorskip("torch")
    layer = nn.LayerNorm(4)
    rng = np.random.default_rng(0)
    layer.gamma.data, layer.beta.data = rng.standard_normal(4), rng.standard_normal(4)
    ref = torch.nn.LayerNorm(4).double()
    ref.weight, ref.bias = to_torch(layer.gamma.data), to_torch(layer.beta.data)
    x = rng.standard_normal((3, 2, 4))
    pairs = [(layer.gamma, ref.weight, False), (layer.beta, ref.bias, False)]
    torch_layer_check(layer, ref, x, pairs)


@needs("embedding")
def test_embedding_equals_torch_embedding() -> None:
    torch = pytest.importorskip("torch")
    layer = nn.Embedding(6, 3, seed=0)
    ref = torch.nn.Embedding(6, 3).double()
    ref.weight = to_torch(layer.W.data)
    ids = np.array([[0, 5, 2], [2, 2, 1]])
    y = layer(ids)
    cot = backward_with(y)
    ty = ref(torch.tensor(ids))
    ty.backward(torch.tensor(cot))
    np.testing.assert_allclose(y.data, ty.detach().numpy())
    assert layer.W.grad is not None
    np.testing.assert_allclose(layer.W.grad.data, ref.weight.grad.numpy(), rtol=1e-12)
