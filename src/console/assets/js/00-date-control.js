// The date slider: moving it writes the date into 查看日期; letting go shows that date.
(() => {
  const slider = document.getElementById('date-slider');
  const field = document.getElementById('validAt');
  if (!slider || !field) return;
  const first = new Date(`${slider.dataset.first}T00:00:00Z`);
  const dateAt = (days) => new Date(first.getTime() + Number(days) * 86400000).toISOString().slice(0, 10);
  slider.addEventListener('input', () => {
    field.value = dateAt(slider.value);
  });
  slider.addEventListener('change', () => {
    field.value = dateAt(slider.value);
    field.form.requestSubmit();
  });
})();
