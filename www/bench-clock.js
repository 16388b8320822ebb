// Marks the time between the baseline libraries' script tags in bench-baselines.html: the
// difference of two marks is the time the browser took to parse and run the script between them.
window.benchMarks = (window.benchMarks || []).concat(performance.now());
