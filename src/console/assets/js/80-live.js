// Live updates over the console's own event streams (text/event-stream under the session).
// A plan page viewed at "now" (no validAt or asOf in the URL) says 有新记录 · 刷新 when the plan's
// events arrive — it never reloads by itself. The ops tail puts each new event at the top of its table.
(() => {
  if (typeof EventSource === 'undefined') return;
  const main = document.getElementById('main');
  const tail = document.getElementById('tail');
  if (tail) {
    const body = tail.tBodies[0];
    const status = document.getElementById('tail-status');
    const source = new EventSource(tail.dataset.stream);
    source.addEventListener('ready', () => {
      if (status) status.textContent = '实时：已连接，新事件会出现在表格顶部。';
    });
    source.addEventListener('event', (message) => {
      const e = JSON.parse(message.data);
      if (body.querySelector(`tr[data-position="${e.position}"]`)) return;
      const row = document.createElement('tr');
      row.dataset.position = String(e.position);
      row.className = 'tail-new';
      for (const text of [String(e.position), e.recordedAt, e.planId, e.type]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      const streamCell = document.createElement('td');
      const link = document.createElement('a');
      link.href = e.streamHref;
      link.textContent = e.streamId;
      streamCell.appendChild(link);
      row.appendChild(streamCell);
      const actor = document.createElement('td');
      actor.textContent = e.actor;
      row.appendChild(actor);
      body.insertBefore(row, body.firstChild);
      while (body.rows.length > 200) body.deleteRow(body.rows.length - 1);
    });
    return;
  }
  const plan = /^\/console\/plans\/([^/]+)/.exec(location.pathname);
  const params = new URLSearchParams(location.search);
  if (!plan || !main || params.has('validAt') || params.has('asOf')) return;
  const source = new EventSource(`/console/plans/${plan[1]}/live`);
  let notice = null;
  source.addEventListener('changed', () => {
    if (notice) return;
    notice = document.createElement('p');
    notice.className = 'notice live-notice';
    notice.setAttribute('role', 'status');
    notice.dataset.live = 'changed';
    notice.appendChild(document.createTextNode('有新记录 · '));
    const link = document.createElement('a');
    link.href = location.href;
    link.textContent = '刷新';
    notice.appendChild(link);
    main.insertBefore(notice, main.firstChild);
  });
})();
