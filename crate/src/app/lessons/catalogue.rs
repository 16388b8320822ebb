//! The lessons' content: the course's sections as short steps, each a state (link pairs), a
//! few plain sentences on what to look at, and one task. The numbers are the course's
//! (`topic-01-derivatives-gradients.md`); the words are ours.

use super::task::Task;

/// One step of a lesson.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// Two or three sentences: what to look at.
    pub text: &'static str,
    /// The state it opens, as share-link pairs (keys the engine does not know are ignored; the
    /// lesson's own `ascent=1` makes the run climb, as Mistake 5 does, and `ascent=0` descend).
    pub pairs: &'static [(&'static str, &'static str)],
    /// What the learner does.
    pub task_text: &'static str,
    /// How the page checks it.
    pub task: Task,
    /// An answer shown only once the learner has tried (the interview questions).
    pub answer: Option<&'static str>,
    /// The state that shows the answer, applied when the learner asks for it.
    pub shows: &'static [(&'static str, &'static str)],
}

/// A lesson: a course section as steps.
#[derive(Debug, Clone, Copy)]
pub struct Lesson {
    /// Its id in links (`lesson=gradient`).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its steps, in order.
    pub steps: &'static [Step],
}

const fn step(text: &'static str, pairs: &'static [(&'static str, &'static str)], task_text: &'static str, task: Task) -> Step {
    Step { text, pairs, task_text, task, answer: None, shows: &[] }
}

const fn question(
    text: &'static str,
    pairs: &'static [(&'static str, &'static str)],
    task_text: &'static str,
    task: Task,
    answer: &'static str,
    shows: &'static [(&'static str, &'static str)],
) -> Step {
    Step { text, pairs, task_text, task, answer: Some(answer), shows }
}

/// Typed answers are checked to this, unless a step asks for more.
const TYPED: f64 = 1e-3;

/// Every lesson, in the course's order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "derivative",
        title: "The derivative",
        steps: &[
            step(
                "f′(x) is the limit of (f(x + h) − f(x)) / h as h → 0. For f = x² the secant through x = 1 and 1 + h has slope 2 + h: as h shrinks it approaches f′(1) = 2x = 2.",
                &[("f", "x^2"), ("p", "1"), ("h", "1"), ("view", "-1,3,-1,5")],
                "Slide h below 0.01 and watch the secant turn into the tangent.",
                Task::HAtMost(0.01),
            ),
            step(
                "The central difference (f(x + h) − f(x − h)) / 2h is off by about h², not h: far better for the same h. Make h tiny, though, and the error chart climbs again (below about 1e-8, or 1e-5 for the central one): f(x + h) and f(x) agree in almost every digit, and the round-off left is divided by a tiny h.",
                &[("f", "x^2"), ("p", "1"), ("h", "0.001"), ("view", "-1,3,-1,5")],
                "Push h down to 1e-10 or below and read the error in the chart.",
                Task::HAtMost(1e-10),
            ),
            step(
                "The tangent's slope is f′(a). Where f′ > 0 the function rises, where f′ < 0 it falls, and where f′ = 0 the tangent is flat: a critical point (a max, a min, or neither).",
                &[("f", "x^3 - 3x"), ("p", "-1.6"), ("view", "-3,3,-4,4")],
                "Drag the point (or use the arrow keys) to where the tangent is flat.",
                Task::Flat { tol: 0.05 },
            ),
            step(
                "The common derivatives: (xⁿ)′ = nxⁿ⁻¹, (eˣ)′ = eˣ, (ln x)′ = 1/x, (sin x)′ = cos x, (cos x)′ = −sin x. Here f = ln x, and the f′ curve drawn is 1/x.",
                &[("f", "ln(x)"), ("p", "2"), ("view", "0,5,-2,2")],
                "Type f′(2) for f = ln x.",
                Task::Answer { value: 0.5, tol: TYPED },
            ),
            step(
                "The four rules: sum (f + g)′ = f′ + g′, product (fg)′ = f′g + fg′, quotient (f/g)′ = (f′g − fg′)/g², chain (f(g(x)))′ = f′(g(x))·g′(x). The steps panel shows which rule each line uses; here the product rule gives 2x·sin x + x²·cos x.",
                &[("f", "x^2 sin(x)"), ("p", "3.14159"), ("view", "-1,5,-12,6"), ("graph", "1")],
                "Type f′(π) (π ≈ 3.14159).",
                Task::Answer { value: -9.869604401089358, tol: 0.01 },
            ),
        ],
    },
    Lesson {
        id: "partials",
        title: "Partial derivatives",
        steps: &[
            step(
                "A partial derivative changes one variable and holds the others fixed. For f = x²y + 3xy² + y³, ∂f/∂x = 2xy + 3y²: y is treated as a number. The slice along x through the point is the curve whose slope this is.",
                &[("f", "x^2y + 3xy^2 + y^3"), ("p", "1,2"), ("view", "-4,4,-4,4"), ("layout", "split")],
                "Type ∂f/∂x at (1, 2).",
                Task::Answer { value: 16.0, tol: TYPED },
            ),
            step(
                "Hold y fixed: move the point left or right only (the ← and → keys keep y at 2). On the line y = 2, f is a function of x alone, and ∂f/∂x = 4x + 12 is its slope.",
                &[("f", "x^2y + 3xy^2 + y^3"), ("p", "1,2"), ("view", "-4,4,-4,4"), ("layout", "split")],
                "Keeping y = 2, move to where ∂f/∂x = 0.",
                Task::PointNear { at: &[-3.0, 2.0], tol: 0.05 },
            ),
            step(
                "Now hold x fixed: ∂f/∂y = x² + 6xy + 3y². It is the slope of the slice along y.",
                &[("f", "x^2y + 3xy^2 + y^3"), ("p", "1,2"), ("view", "-4,4,-4,4"), ("layout", "2d")],
                "Type ∂f/∂y at (1, 2).",
                Task::Answer { value: 25.0, tol: TYPED },
            ),
            step(
                "Three variables work the same way. For f = x²yz + sin(xz) + eʸ: ∂f/∂x = 2xyz + z·cos(xz), ∂f/∂y = x²z + eʸ, ∂f/∂z = x²y + x·cos(xz). The map shows the slice through z; its slider moves z.",
                &[("f", "x^2yz + sin(xz) + e^y"), ("p", "1,1,0"), ("view", "-3,3,-3,3")],
                "Type ∂f/∂z at (1, 1, 0).",
                Task::Answer { value: 2.0, tol: TYPED },
            ),
        ],
    },
    Lesson {
        id: "gradient",
        title: "The gradient",
        steps: &[
            step(
                "The gradient ∇f is the vector of all partial derivatives. For f = x² + y², ∇f = [2x, 2y], and at (1, 2) it is [2, 4]: a vector, drawn as the arrow at the point.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-5,5,-5,5")],
                "Type its length ‖∇f(1, 2)‖ = √(2² + 4²).",
                Task::Answer { value: 4.47213595499958, tol: TYPED },
            ),
            step(
                "The field draws ∇f at many points: the arrows radiate out from the minimum at the origin, longer the farther out. At (1, 0) the arrow is [2, 0], at (0, 1) it is [0, 2].",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-5,5,-5,5")],
                "Move the point to where the arrow vanishes (∇f = 0).",
                Task::Critical { tol: 0.05 },
            ),
            step(
                "Property 1: ∇f points the steepest way up. Of all directions u, the one along ∇f gives the largest D_u f.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "0"), ("view", "-5,5,-5,5")],
                "Turn u until it points along ∇f.",
                Task::AlongGradient { deg: 2.0 },
            ),
            step(
                "Property 2: the length ‖∇f‖ is that steepest rate. For x² + y² it is 2·(distance to the origin), so it is 2 on the unit circle.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-5,5,-5,5")],
                "Move the point to where ‖∇f‖ = 2.",
                Task::GradientNorm { value: 2.0, tol: 0.05 },
            ),
            step(
                "Property 3: ∇f is at right angles to the level curve through the point. Along the level curve f does not change, so D_u f = 0 there.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "0"), ("view", "-5,5,-5,5")],
                "Turn u along the level curve (D_u f = 0).",
                Task::AlongLevel { deg: 2.0 },
            ),
            step(
                "Property 4: ∇f = 0 at a minimum, a maximum and a saddle. f = x³ − 3x + y² has a minimum at (1, 0) and a saddle at (−1, 0): the critical points listed in the readouts.",
                &[("f", "x^3 - 3x + y^2"), ("p", "0,1"), ("view", "-3,3,-3,3")],
                "Move the point to the saddle.",
                Task::PointNear { at: &[-1.0, 0.0], tol: 0.05 },
            ),
        ],
    },
    Lesson {
        id: "directional",
        title: "Directional derivatives",
        steps: &[
            step(
                "The rate of change along a unit vector u is D_u f = ∇f·u. For f = x² + y² at (1, 2) with u at 45°: [2, 4]·[1, 1]/√2 = 6/√2 = 3√2.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "45"), ("view", "-5,5,-5,5")],
                "Type D_u f (3√2, to three decimals).",
                Task::Answer { value: 4.242640687119286, tol: TYPED },
            ),
            step(
                "D_u f = ‖∇f‖ cos θ, θ the angle between ∇f and u. It is largest at θ = 0, where it equals ‖∇f‖ = √20 ≈ 4.472.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "45"), ("view", "-5,5,-5,5")],
                "Turn u until D_u f is largest.",
                Task::AlongGradient { deg: 2.0 },
            ),
            step(
                "At θ = 180° (against ∇f) D_u f is smallest: −‖∇f‖. That is the steepest way down.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "45"), ("view", "-5,5,-5,5")],
                "Turn u until D_u f is smallest.",
                Task::AgainstGradient { deg: 2.0 },
            ),
            step(
                "At θ = 90° D_u f = 0: moving that way keeps f the same, along the level curve.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "45"), ("view", "-5,5,-5,5")],
                "Turn u until D_u f = 0.",
                Task::AlongLevel { deg: 2.0 },
            ),
        ],
    },
    Lesson {
        id: "descent",
        title: "Gradient descent",
        steps: &[
            step(
                "Descent repeats θ ← θ − η∇L(θ): a step of size η against the gradient. This run was allowed one step only.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-3,3,-3,3"), ("start", "1,2"), ("lr", "0.1"), ("steps", "1"), ("opt", "gd")],
                "Give it 200 steps and descend from the point: it should converge.",
                Task::Converged { steps: 200, optimizer: None },
            ),
            step(
                "Why the minus sign: ∇L points uphill, towards higher loss, so −∇L points downhill. From (1, 2) with η = 0.1, ∇f = [2, 4] and the step goes to (1, 2) − 0.1·[2, 4].",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-3,3,-3,3")],
                "Type the new x after that one step.",
                Task::Answer { value: 0.8, tol: TYPED },
            ),
            step(
                "The learning rate decides everything. For f = x² + 3y² the curvatures are 2 and 6: a small η crawls, an η near 2/λmax = 2/6 zig-zags across the valley, and above it the steps grow. This run, η = 0.01, runs out of steps.",
                &[("f", "x^2 + 3y^2"), ("p", "-2,1"), ("view", "-3,3,-2,2"), ("start", "-2,1"), ("lr", "0.01"), ("steps", "300"), ("opt", "gd")],
                "Pick η so descent converges in under 50 steps.",
                Task::Converged { steps: 49, optimizer: None },
            ),
            step(
                "At η = 0.3 the run still zig-zags in. Past 2/λmax = 1/3 each step overshoots by more than it corrects, and the iterates fly off: the run diverges.",
                &[("f", "x^2 + 3y^2"), ("p", "-2,1"), ("view", "-3,3,-2,2"), ("start", "-2,1"), ("lr", "0.3"), ("steps", "300"), ("opt", "gd")],
                "Set η well above 1/3 (0.4, say) and run again: it diverges.",
                Task::Diverged,
            ),
            step(
                "Optimizers compared on Rosenbrock's curved valley: plain descent creeps along the floor, momentum carries speed through it, Adam scales each coordinate's step.",
                &[("f", "(1 - x)^2 + 100(y - x^2)^2"), ("p", "-1.5,2"), ("view", "-2,2,-1,3"), ("scale", "log"), ("start", "-1.5,2"), ("lr", "0.001"), ("steps", "3000"), ("opt", "gd")],
                "Tick momentum and race it: get it to converge within 3000 steps.",
                Task::Converged { steps: 3000, optimizer: Some("momentum") },
            ),
        ],
    },
    Lesson {
        id: "regression",
        title: "Linear regression",
        steps: &[
            step(
                "The model ŷ = a·x + b (the course's w and b) and the loss L(a, b) = (1/n)·Σ(yᵢ − ŷᵢ)². Each point (a, b) of the map is one line drawn over the data; its colour is how badly that line fits.",
                &[("data", "1,1.6,2,2.9,3,3.1,4,4.4,5,4.7,6,6.2,7,6.4,8,7.7"), ("p", "0,0")],
                "Move the point to the bottom of the loss bowl (the best line).",
                Task::AtFit { tol: 0.05 },
            ),
            step(
                "The gradient formulas: ∂L/∂a = −(2/n)·Σxᵢ(yᵢ − ŷᵢ), ∂L/∂b = −(2/n)·Σ(yᵢ − ŷᵢ). At a = b = 0 every ŷ is 0, so ∂L/∂b = −2·(mean of y).",
                &[("data", "1,1.6,2,2.9,3,3.1,4,4.4,5,4.7,6,6.2,7,6.4,8,7.7"), ("p", "0,0")],
                "Type ∂L/∂b at (0, 0).",
                Task::Answer { value: -9.25, tol: TYPED },
            ),
            step(
                "Descent updates a ← a − η·∂L/∂a and b ← b − η·∂L/∂b. This run from (0, 0) with η = 0.001 is too timid to get there in 2000 steps.",
                &[("data", "1,1.6,2,2.9,3,3.1,4,4.4,5,4.7,6,6.2,7,6.4,8,7.7"), ("p", "0,0"), ("start", "0,0"), ("lr", "0.001"), ("steps", "2000"), ("opt", "gd")],
                "Pick η so descent reaches the least-squares line.",
                Task::ReachesFit { tol: 1e-3 },
            ),
        ],
    },
    Lesson {
        id: "mistakes",
        title: "Common mistakes",
        steps: &[
            step(
                "Mistake 1: the derivative is not just a slope: it is the instantaneous rate of change, the slope of the tangent. A secant's slope is an average over a step h: for x² at 1 it is 2 + h, never 2.",
                &[("f", "x^2"), ("p", "1"), ("h", "0.5"), ("view", "-1,3,-1,5")],
                "Type the secant's slope for h = 0.1.",
                Task::Answer { value: 2.1, tol: TYPED },
            ),
            step(
                "Mistake 2: forgetting the chain rule. (e^(x²))′ is e^(x²)·2x, not e^(x²). In \"check my derivative\" the page draws a wrong answer beside the right one and names the missed factor.",
                &[("f", "e^(x^2)"), ("p", "1"), ("view", "-2,2,-2,12")],
                "In check my derivative, enter the wrong e^(x^2), then fix it.",
                Task::CheckedWrongThenRight,
            ),
            step(
                "Mistake 3: a partial derivative does not see the other variables move. For f = x²y, ∂f/∂x = 2xy with y held constant: on the x-slice y is just a number.",
                &[("f", "x^2y"), ("p", "1,3"), ("view", "-4,4,-4,4")],
                "Type ∂f/∂x at (1, 3).",
                Task::Answer { value: 6.0, tol: TYPED },
            ),
            step(
                "Mistake 4: the gradient is a vector, not a number. For f = x² + 2y², ∇f = [2x, 4y], not 2x + 4y: it has a direction as well as a size.",
                &[("f", "x^2 + 2y^2"), ("p", "1,1"), ("u", "0"), ("view", "-3,3,-3,3")],
                "Turn u along the vector ∇f.",
                Task::AlongGradient { deg: 2.0 },
            ),
            step(
                "Mistake 5: θ ← θ + η∇L climbs uphill. This run uses the plus sign: the loss grows.",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-3,3,-3,3"), ("start", "1,2"), ("lr", "0.1"), ("steps", "200"), ("opt", "gd"), ("ascent", "1")],
                "Fix it: untick ascent and descend again, to converge.",
                Task::Converged { steps: 200, optimizer: None },
            ),
        ],
    },
    Lesson {
        id: "interview",
        title: "Interview questions",
        steps: &[
            question(
                "Q1: what is the geometric meaning of the gradient? Try it before you read the answer.",
                &[("f", "x^2y + sin(xy)"), ("p", "1,2"), ("u", "0"), ("view", "-3,3,-3,3")],
                "Turn u to the steepest way up.",
                Task::AlongGradient { deg: 2.0 },
                "∇f points the steepest way up, its length ‖∇f‖ is that steepest rate, and it is at right angles to the level curve. Moving along −∇f lowers f fastest.",
                &[("p", "1,2"), ("dir", "3.1677063269057153,0.5838531634528576")],
            ),
            question(
                "Q2: why does gradient descent use the negative gradient?",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("view", "-3,3,-3,3"), ("start", "1,2"), ("lr", "0.1"), ("steps", "200"), ("opt", "gd"), ("ascent", "1")],
                "Make this climbing run go down to the minimum.",
                Task::Converged { steps: 200, optimizer: None },
                "∇L points towards increasing loss. To lower the loss we step the opposite way: θ ← θ − η∇L, like walking downhill to the valley.",
                &[("ascent", "0"), ("start", "1,2"), ("lr", "0.1"), ("steps", "200"), ("opt", "gd")],
            ),
            question(
                "Q3: what does it mean when the gradient is zero?",
                &[("f", "x^3 - 3x + y^2"), ("p", "0,1"), ("view", "-3,3,-3,3")],
                "Find a point where ∇f = 0.",
                Task::Critical { tol: 0.05 },
                "A critical point: a local minimum, a local maximum or a saddle. The second derivatives (the Hessian) tell which: here (1, 0) is a minimum and (−1, 0) a saddle.",
                &[("p", "-1,0")],
            ),
            question(
                "Q4: compute the gradient of f(x, y) = x²y + sin(xy).",
                &[("f", "x^2y + sin(xy)"), ("p", "1,2"), ("view", "-3,3,-3,3")],
                "Type ∂f/∂x at (1, 2).",
                Task::Answer { value: 3.1677063269057153, tol: TYPED },
                "∂f/∂x = 2xy + y·cos(xy) and ∂f/∂y = x² + x·cos(xy), so ∇f = [2xy + y·cos(xy), x² + x·cos(xy)]; at (1, 2) that is [4 + 2cos 2, 1 + cos 2].",
                &[("p", "1,2")],
            ),
            question(
                "Q5: at a point where ∇f = [3, 4], which way increases f fastest, and how fast? Here f = 3x + 4y, whose gradient is [3, 4] everywhere.",
                &[("f", "3x + 4y"), ("p", "0,0"), ("u", "0"), ("view", "-3,3,-3,3")],
                "Type the fastest rate of increase.",
                Task::Answer { value: 5.0, tol: TYPED },
                "Along u = [3, 4]/‖[3, 4]‖ = [0.6, 0.8]; the rate is ‖∇f‖ = 5.",
                &[("dir", "0.6,0.8")],
            ),
            question(
                "Q6: how are the gradient and the level curves related?",
                &[("f", "x^2 + y^2"), ("p", "1,2"), ("u", "0"), ("view", "-3,3,-3,3")],
                "Turn u along the level curve through the point.",
                Task::AlongLevel { deg: 2.0 },
                "∇f is perpendicular to the level curves. Along a level curve f is constant, so the rate of change there is 0, and that happens exactly at 90° to ∇f.",
                &[("p", "1,2"), ("dir", "-2,1")],
            ),
        ],
    },
    Lesson {
        id: "exercises",
        title: "Exercises",
        steps: &[
            step(
                "Exercise 1: the numerical derivative f′(x) ≈ (f(x + h) − f(x − h)) / 2h. Compute it for f = sin x at x = 1 with h = 0.001 (the readouts show the central secant too).",
                &[("f", "sin(x)"), ("p", "1"), ("h", "0.001"), ("view", "-1,3,-1.5,1.5")],
                "Type the central difference, to 1e-6.",
                Task::Answer { value: 0.5403022158176896, tol: 1e-6 },
            ),
            step(
                "Exercise 2: the numerical gradient: one central difference per variable. For f = x²y + sin(xy) at (1, 2) the exact ∂f/∂y is 1 + cos 2; the readouts show the central differences beside it.",
                &[("f", "x^2y + sin(xy)"), ("p", "1,2"), ("view", "-3,3,-3,3")],
                "Type ∂f/∂y at (1, 2), to 1e-6.",
                Task::Answer { value: 0.5838531634528576, tol: 1e-6 },
            ),
            step(
                "Exercise 3: one step of descent. For f = x² + 3y² at (1, 1), ∇f = [2x, 6y] = [2, 6]; with η = 0.1 the step goes to (1, 1) − 0.1·[2, 6].",
                &[("f", "x^2 + 3y^2"), ("p", "1,1"), ("view", "-3,3,-2,2")],
                "Type the new y.",
                Task::Answer { value: 0.4, tol: 1e-6 },
            ),
            step(
                "Exercise 4: the directional derivative. For f = x²y + sin(xy) at (1, 2) along u = [0.6, 0.8] (u = [3, 4]/5), D_u f = ∇f·u.",
                &[("f", "x^2y + sin(xy)"), ("p", "1,2"), ("dir", "0.6,0.8"), ("view", "-3,3,-3,3")],
                // The readouts show six digits (2.36771) and ∇f's (3.16771, 0.583853) give 2.367708:
                // both are right to the digits the page shows.
                "Type D_u f, to 1e-5.",
                Task::Answer { value: 2.367706326905715, tol: 1e-5 },
            ),
        ],
    },
];
