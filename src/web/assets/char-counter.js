// The live counter of a text with a limit (as GOV.UK's "character count"): the text is never cut,
// the counter says how many characters are left or too many, and the server refuses a text too long.
for (const field of document.querySelectorAll('textarea[data-counter]')) {
  const counter = document.getElementById(`${field.id}-counter`);
  const max = Number(field.dataset.counter);
  if (!counter || !Number.isFinite(max)) continue;
  const update = () => {
    const length = field.value.length;
    const over = length > max;
    const text = (over ? counter.dataset.over : counter.dataset.left).replace('{count}', String(Math.abs(max - length)));
    if (counter.textContent !== text) counter.textContent = text;
    counter.classList.toggle('counter-over', over);
  };
  field.addEventListener('input', update);
  update();
}
