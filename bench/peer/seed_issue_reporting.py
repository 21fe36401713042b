#!/usr/bin/env python
"""
Seed the peer (6aika/issue-reporting) database with N GeoReport v2 service requests.

Usage, in the peer's folder with its environment set (see bench/README.md; PEER_DIR: that folder):
    PEER_DIR=/path/to/peer $PEER_DIR/.venv/bin/python bench/peer/seed_issue_reporting.py [N] [--batch 5000]
        [--reset] [--seed 311]

* ~10 services (issues.Service, parler-translated name/description, language "en")
* N issues (issues.Issue) created with bulk_create in batches, requested_datetime spread
  evenly over the last 90 days, ~70 % closed / 30 % open, ~80-character descriptions,
  lat/long near 29.6 N 120.8 E, a street address.
* --reset deletes all existing issues first (services are reused / updated).

bulk_create() skips Issue.save(), so every field that save() would compute
(identifier, application, jurisdiction, service_code, lat/long, location,
expected_datetime) is filled in explicitly here.
"""
import argparse
import datetime
import os
import random
import sys
import time

PEER_DIR = os.environ.get('PEER_DIR', '.')
sys.path[:0] = [os.path.join(PEER_DIR, 'src'), os.path.join(PEER_DIR, 'conf')]
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'peer_settings')

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from issues.gis import determine_gissiness  # noqa: E402
from issues.models import Application, Issue, Jurisdiction, Service  # noqa: E402
from issues.models.issues import ID_KEYSPACE  # noqa: E402

SERVICES = [
    ('171', 'Pothole', 'Roads', 'Damage to the road surface'),
    ('172', 'Street light out', 'Lighting', 'A street light is broken or dark'),
    ('174', 'Graffiti', 'Cleaning', 'Graffiti on public property'),
    ('176', 'Illegal dumping', 'Waste', 'Rubbish dumped in a public place'),
    ('180', 'Overflowing bin', 'Waste', 'A public litter bin is full'),
    ('198', 'Blocked drain', 'Water', 'A storm drain or gully is blocked'),
    ('199', 'Damaged sign', 'Traffic', 'A traffic sign is damaged or missing'),
    ('211', 'Fallen tree', 'Parks', 'A tree or large branch has fallen'),
    ('234', 'Broken bench', 'Parks', 'A bench or other park furniture is broken'),
    ('246', 'Noise complaint', 'Environment', 'Persistent noise disturbance'),
]
AGENCIES = {
    'Roads': 'Road Maintenance Bureau', 'Lighting': 'Public Lighting Office',
    'Cleaning': 'City Cleaning Service', 'Waste': 'Sanitation Department',
    'Water': 'Water Works', 'Traffic': 'Traffic Management Office',
    'Parks': 'Parks and Greenery Bureau', 'Environment': 'Environmental Protection Office',
}
STREETS = ['Renmin', 'Jiefang', 'Zhongshan', 'Xinhua', 'Jianshe', 'Wenhua', 'Heping', 'Dongfeng',
           'Beiyuan', 'Nanshan', 'Xishan', 'Changle', 'Yuelin', 'Shanhu', 'Lushan', 'Guanghua']
WHERE = ['near the bus stop', 'outside the school gate', 'by the market entrance', 'at the crossing',
         'next to the pharmacy', 'opposite the bank', 'behind the library', 'along the river path']
DETAIL = ['reported by a resident this morning', 'has been like this for a few days',
          'is causing problems for pedestrians', 'needs attention soon, please check it',
          'was noticed on the way to work', 'creates a hazard after dark']


def make_description(rng, service_name):
    text = f'{service_name} {rng.choice(WHERE)}, {rng.choice(DETAIL)}.'
    pad = ' Ref ' + ''.join(rng.choice(ID_KEYSPACE) for _ in range(12))
    text = (text + pad + ' ' + 'x' * 80)[:80]  # ~80 characters, fixed length
    return text.rstrip()


def ensure_services(jurisdiction):
    services = []
    for code, name, group, desc in SERVICES:
        service = Service.objects.filter(service_code=code).first()
        if not service:
            service = Service(service_code=code, type='realtime', location_req='coords_or_address')
        service.set_current_language('en')
        service.service_name = name
        service.description = desc
        service.keywords = group.lower()
        service.group = group
        service.save()
        service.jurisdictions.add(jurisdiction)
        services.append((service, group))
    return services


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('n', nargs='?', type=int, default=100000)
    parser.add_argument('--batch', type=int, default=5000)
    parser.add_argument('--reset', action='store_true', help='delete existing issues first')
    parser.add_argument('--seed', type=int, default=311)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gis = determine_gissiness()

    application = Application.autodetermine()
    jurisdiction = Jurisdiction.autodetermine()
    services = ensure_services(jurisdiction)

    if args.reset:
        deleted, _ = Issue.objects.all().delete()
        print(f'deleted {deleted} rows')

    # identifiers: 4 random chars (distinguishes runs) + base36 running number, lowercase+digits like upstream
    run_tag = ''.join(rng.choice(ID_KEYSPACE) for _ in range(4))
    while Issue.objects.filter(identifier__startswith=run_tag).exists():
        run_tag = ''.join(rng.choice(ID_KEYSPACE) for _ in range(4))

    def b36(i):
        s = ''
        while True:
            i, r = divmod(i, 36)
            s = '0123456789abcdefghijklmnopqrstuvwxyz'[r] + s
            if not i:
                return s.rjust(6, '0')

    now = timezone.now()
    start = now - datetime.timedelta(days=90)
    span = (now - start).total_seconds()
    n = args.n
    t0 = time.time()
    created = 0
    for batch_start in range(0, n, args.batch):
        objs = []
        for i in range(batch_start, min(n, batch_start + args.batch)):
            service, group = services[i % len(services)]
            requested = start + datetime.timedelta(seconds=span * (i + 0.5) / n)
            closed = rng.random() < 0.7
            if closed:
                updated = min(now, requested + datetime.timedelta(seconds=rng.randint(3600, 10 * 86400)))
            else:
                updated = requested
            lat = round(29.6 + rng.uniform(-0.05, 0.05), 6)
            lon = round(120.8 + rng.uniform(-0.05, 0.05), 6)
            if gis:
                from django.contrib.gis.geos import Point
                location = Point(lon, lat, srid=4326)
            else:
                location = (lon, lat)  # GeoPointFieldFallback stores "long;lat"
            objs.append(Issue(
                application=application,
                jurisdiction=jurisdiction,
                service=service,
                service_code=service.service_code,
                identifier=run_tag + b36(i),
                description=make_description(rng, service.safe_translation_getter('service_name')),
                status='closed' if closed else 'open',
                status_notes='Fixed.' if closed else '',
                agency_responsible=AGENCIES[group],
                requested_datetime=requested,
                updated_datetime=updated,
                expected_datetime=requested + datetime.timedelta(days=7),
                address=f'{rng.randint(1, 999)} {rng.choice(STREETS)} Road, Shengzhou, Zhejiang',
                zipcode='312400',
                location=location,
                lat=lat,
                long=lon,
                moderation='public',
            ))
        with transaction.atomic():
            Issue.objects.bulk_create(objs, batch_size=args.batch)
        created += len(objs)
        print(f'{created}/{n} issues ({time.time() - t0:.1f}s)', flush=True)

    if connection.vendor == 'postgresql':
        with connection.cursor() as cur:
            cur.execute('ANALYZE')
    print(f'done: {created} issues, {len(services)} services, backend={connection.vendor}, '
          f'total issues now {Issue.objects.count()}')


if __name__ == '__main__':
    main()
