"""The press scheme (PRESS Eq. 5-6, Murray kinetics, NOTES 1-2) written plainly in numpy: the
reference that bench_simulate.py times side by side with `simulate`."""
import numpy as np


def make_stepper(n, dx, s, dt, delta, p, d, c, v_floor, dtype):
    m = np.fft.fftfreq(n, d=1.0 / n)  # integer wavenumbers, [-n/2, n/2)
    mh = np.arange(n // 2 + 1)
    k2 = (2 * np.pi / (n * dx)) ** 2 * (m[:, None] ** 2 + mh[None, :] ** 2)
    inv_u = (1.0 / (1.0 + dt * s * k2)).astype(dtype)
    inv_v = (1.0 / (1.0 + dt * s * delta * k2)).astype(dtype)
    dt = dtype(dt)
    p, d, c, v_floor = dtype(p), dtype(d), dtype(c), dtype(v_floor)

    def step(u, v):
        u2 = u * u
        wu = u + dt * (p - d * u + u2 / (np.maximum(v, v_floor) * (1 + c * u2)))
        wv = v + dt * (u2 - v)
        u = np.fft.irfft2(np.fft.rfft2(wu) * inv_u, s=u.shape).astype(dtype, copy=False)
        v = np.fft.irfft2(np.fft.rfft2(wv) * inv_v, s=v.shape).astype(dtype, copy=False)
        return u, v

    return step


def run(row, n, dx, s, dt, steps, sigma, v_floor, dtype=np.float32, seed=0):
    """Integrate one turing.csv row for `steps` steps from (u*, v*) + noise; returns (u, v)."""
    rng = np.random.default_rng(seed)
    u = (row["u_star"] + sigma * rng.standard_normal((n, n))).astype(dtype)
    v = (row["v_star"] + sigma * rng.standard_normal((n, n))).astype(dtype)
    step = make_stepper(n, dx, s, dt, row["delta"], row["a"], row["b"], row["c"], v_floor, dtype)
    for _ in range(steps):
        u, v = step(u, v)
    return u, v
